from allauth.account.signals import password_changed, password_reset, password_set
from allauth.usersessions.models import UserSession
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import User


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def clear_initial_password_flag(request, user, **kwargs):
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


@receiver(pre_save, sender=User)
def end_sessions_of_disabled_accounts(sender, instance, **kwargs):
    """A disabled account loses every session at once, so re-enabling it later revives none."""
    if instance.pk is None or instance.is_active:
        return
    was_active = sender.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        for session in UserSession.objects.filter(user_id=instance.pk):
            session.end()
