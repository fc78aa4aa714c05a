"""Disable accounts unused for THIDUA_INACTIVE_DAYS days (run nightly, e.g. from cron).

Each disabled account is one audit entry ("user.disable_inactive"). --dry-run lists the accounts
that would be disabled and changes nothing. An administrator re-activates an account in the
admin site; inactivity then counts from the re-activation.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from thidua.accounts import services


class Command(BaseCommand):
    help = "Khoá các tài khoản không đăng nhập quá THIDUA_INACTIVE_DAYS ngày (ghi nhật ký)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê, không khoá tài khoản nào."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.THIDUA_INACTIVE_DAYS
        if not days or days <= 0:
            self.stdout.write("THIDUA_INACTIVE_DAYS = 0: không kiểm tra tài khoản không hoạt động.")
            return
        disabled = 0
        for user in services.inactive_users():
            moment = services.last_activity(user)
            when = moment.strftime("%d/%m/%Y") if moment else "—"
            if dry_run:
                self.stdout.write(f"sẽ khoá: {user.username} (hoạt động lần cuối {when})")
                disabled += 1
            elif services.user_disable_inactive(actor=None, user=user):
                self.stdout.write(f"đã khoá: {user.username} (hoạt động lần cuối {when})")
                disabled += 1
        verb = "Sẽ khoá" if dry_run else "Đã khoá"
        self.stdout.write(f"{verb} {disabled} tài khoản không đăng nhập quá {days} ngày.")
