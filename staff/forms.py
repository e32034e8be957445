from allauth.account.forms import ChangePasswordForm as ChangePasswordFormBase
from allauth.account.forms import LoginForm as LoginFormBase
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .models import Department, Post, StaffDocument, StaffProfile


class DirectoryFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or employee number")}))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False,
                                        empty_label=_("All departments"))
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.all(), required=False,
                                  empty_label=_("All posts"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses"))] + list(StaffProfile.Status.choices))

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(Q(user__name__icontains=data["q"]) | Q(user__username__icontains=data["q"]))
        if data["department"]:
            queryset = queryset.filter(department=data["department"])
        if data["post"]:
            queryset = queryset.filter(post=data["post"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        return queryset


class ProfileForm(StyledFormMixin, forms.ModelForm):
    """HR's form for a person's record."""

    name = forms.CharField(label=_("Name"), max_length=50)
    email = forms.EmailField(label=_("E-mail"), required=False)

    class Meta:
        model = StaffProfile
        fields = ["department", "post", "position", "professional_title", "education", "phone", "id_number", "hire_date", "status", "supervisor"]
        widgets = {"hire_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = self.instance.user.name
        self.fields["email"].initial = self.instance.user.email
        self.fields["supervisor"].queryset = self.fields["supervisor"].queryset.filter(is_active=True).order_by("username")
        # Inactive choices are offered no more, but a profile that has one keeps it.
        for name in ("position", "professional_title"):
            current = getattr(self.instance, f"{name}_id", None)
            field = self.fields[name]
            field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=current))

    def clean_id_number(self):
        # The database constraint's own message only names the constraint; say what is wrong instead.
        number = (self.cleaned_data["id_number"] or "").strip().upper()
        if number and StaffProfile.objects.filter(id_number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This ID number is already recorded for another person."), code="duplicate")
        return number

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.user.name = self.cleaned_data["name"]
        profile.user.email = self.cleaned_data["email"]
        if commit:
            profile.user.save(update_fields=["name", "email"])
            profile.save()
        return profile


class DocumentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = StaffDocument
        fields = ["kind", "file"]


class LoginForm(LoginFormBase):
    """allauth's sign-in form, asking for the employee number (工号)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Employee number")
        self.fields["login"].widget.attrs["placeholder"] = _("Employee number")
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        # allauth links to e-mail reset here; in the hospital, IT resets passwords (see the page's note).
        self.fields["password"].help_text = ""


class ChangePasswordForm(ChangePasswordFormBase):
    """allauth's password change, without its link to an e-mail reset nobody would receive, and refusing the
    current password as the new one: "changing" the initial password to itself would skip the forced change at
    first sign-in (申请人应在收到通知的当天修改初始口令)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = _("Forgot your current password? Ask the IT department to reset it.")

    def clean_password1(self):
        password = self.cleaned_data.get("password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError(_("The new password must differ from the current one."), code="unchanged")
        return password
