"""Changes to people's records. Views and commands call these; history is kept by simple-history."""

from django.db import transaction


@transaction.atomic
def profile_update(*, form, by):
    """Save HR's edit of a profile (the form has been validated); who and when go into its history."""
    profile = form.save(commit=False)
    profile._history_user = by
    profile.user.save(update_fields=["name", "email"])
    profile.save()
    return profile


@transaction.atomic
def document_add(*, profile, form, by):
    document = form.save(commit=False)
    document.profile = profile
    document.original_name = form.cleaned_data["file"].name[:200]
    document.uploaded_by = by
    document.save()
    return document
