"""Check the audit log's hash chain: exit 0 when intact, 1 naming the first bad row."""

from django.core.management.base import BaseCommand

from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký thay đổi (chuỗi mã băm)."

    def handle(self, *args, **options):
        problem = verify_chain()
        if problem is not None:
            self.stderr.write(f"Nhật ký bị can thiệp: {problem.message}")
            raise SystemExit(1)
        count = AuditEvent.objects.count()
        self.stdout.write(f"Nhật ký toàn vẹn: {count} dòng, chuỗi mã băm khớp.")
