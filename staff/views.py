from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import ServiceError
from core.uploads import attachment
from core.paging import paginate
from core.roles import is_admin, is_hr

from . import access, records, services
from .headcount import staffing_for
from .forms import DirectoryFilterForm, DocumentForm, ProfileForm
from .models import Department, Post, StaffProfile
from .rules import can_edit_profile, can_see_documents, can_see_personal_data, can_upload_documents
from .slips import slips_pdf

PAGE_SIZE = 25


@require_safe
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    profiles = StaffProfile.objects.for_list()
    if request.GET:
        profiles = form.filter(profiles)
    page, query = paginate(request, profiles, PAGE_SIZE)
    return render(request, "staff/directory.html", {"form": form, "page": page, "query": query})


@require_safe
def profile(request, username):
    profile = access.get_profile_for_user(request.user, username)
    sees_documents = can_see_documents(request.user, profile)
    return render(request, "staff/profile.html", {
        "profile": profile,
        "show_personal_data": can_see_personal_data(request.user, profile),
        "can_edit": can_edit_profile(request.user, profile),
        "can_issue_password": services.can_issue_initial_password(request.user, profile.user),
        "can_see_documents": sees_documents,
        "documents": profile.documents.select_related("uploaded_by") if sees_documents else [],
        "can_upload": can_upload_documents(request.user, profile),
        "direct_reports": StaffProfile.objects.for_list().filter(supervisor=profile.user),
        "records": records.links_for(request.user, profile),  # in the other domains, for those who may open them
    })


@require_http_methods(["GET", "POST"])
def profile_edit(request, username):
    profile = access.get_editable_profile_for_user(request.user, username)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            services.profile_update(form=form, by=request.user)
            messages.success(request, _("The profile of %(name)s was saved.") % {"name": profile.user.display_name})
            return redirect(profile)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "staff/profile_edit.html", {"profile": profile, "form": form})


@require_POST
def initial_password(request, username):
    """Hand over an initial password: shown once, in the answer to this POST (never stored, never redirected to)."""
    profile = access.get_profile_for_user(request.user, username)
    if not services.can_issue_initial_password(request.user, profile.user):
        raise Http404
    try:
        password = services.initial_password_issue(user=profile.user, by=request.user)
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect(profile)
    return render(request, "staff/initial_password.html", {"profile": profile, "password": password})


@require_http_methods(["GET", "POST"])
def password_slips(request):
    """Initial-password slips for a department's people who have none yet (after a roster import)."""
    if not (is_hr(request.user) or is_admin(request.user)):
        raise Http404
    if request.method == "POST":
        department = Department.objects.filter(pk=request.POST.get("department") or 0, is_active=True).first()
        if department is None:
            messages.error(request, _("Choose a department."))
            return redirect("staff:password_slips")
        try:
            rows = services.initial_password_slips(department=department, by=request.user)
        except ServiceError as refused:
            messages.error(request, refused.message)
            return redirect("staff:password_slips")
        return attachment(slips_pdf(rows), f"初始密码单-{department.name}.pdf")
    departments = (Department.objects.filter(is_active=True).annotate(waiting=Count("members", filter=Q(
        members__user__password__startswith="!", members__user__is_active=True,
        members__status__in=StaffProfile.ACTIVE_STATUSES))).filter(waiting__gt=0).order_by("sort_order", "name"))
    page, query = paginate(request, departments, 50)
    return render(request, "staff/password_slips.html", {"page": page, "query": query,
                                                         "at_once": services.SLIPS_AT_ONCE})


@require_http_methods(["GET", "POST"])
def document_upload(request, username):
    profile = access.get_profile_for_user(request.user, username)
    if not can_upload_documents(request.user, profile):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            services.document_add(profile=profile, form=form, by=request.user)
            messages.success(request, _("The document was stored."))
            return redirect(profile)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "staff/document_upload.html", {"profile": profile, "form": form})


@require_safe
def document_download(request, document_id):
    document = access.get_document_for_user(request.user, document_id)
    return attachment(document.file, document.original_name)


@require_safe
def post_list(request):
    """The posts with 在岗 / 编制 (people in the post against its headcount, plus what hiring approved beyond it)."""
    posts = Post.objects.select_related("department").with_filled().order_by(
        F("department__sort_order").asc(nulls_last=True), "department__name", "sort_order", "name")
    department = request.GET.get("department", "")
    department = Department.objects.filter(pk=department).first() if department.isdigit() else None
    if department is not None:
        posts = posts.filter(department=department)
    page, query = paginate(request, posts, 50)
    page.object_list = staffing_for(page.object_list)
    return render(request, "staff/post_list.html", {"page": page, "query": query, "posts": page.object_list,
                                                    "department": department})


@require_safe
def post_detail(request, code):
    post = access.get_post(code)
    post.staffing = staffing_for(Post.objects.with_filled().filter(pk=post.pk))[0].staffing
    return render(request, "staff/post_detail.html", {
        "post": post,
        "duties": post.duties.all(),
        "requirements": post.requirements.all(),
        "holders": StaffProfile.objects.for_list().active().filter(post=post),
    })


@require_safe
def department_list(request):
    departments = Department.objects.filter(is_active=True).select_related("head", "deputy")
    departments = departments.annotate(
        member_count=Count("members", filter=~Q(members__status=StaffProfile.Status.DEPARTED), distinct=True),
        post_count=Count("posts", distinct=True),
    ).order_by("sort_order", "name")
    page, _query = paginate(request, departments, 50)
    return render(request, "staff/department_list.html", {"page": page, "departments": page.object_list})
