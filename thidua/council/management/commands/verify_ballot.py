"""`python manage.py verify_ballot ID`: recount a closed ballot from its papers and check the
stored tally and the SHA-256 digest printed in the minutes. Exit status 0 when both match."""

from django.core.management.base import BaseCommand, CommandError

from thidua.council import rules
from thidua.council.models import Ballot, BallotStatus


class Command(BaseCommand):
    help = "Kiểm phiếu lại một cuộc bỏ phiếu kín đã kết thúc và đối chiếu mã SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("ballot_id", type=int)

    def handle(self, *args, ballot_id, **options):
        ballot = Ballot.objects.filter(pk=ballot_id).select_related("session").first()
        if ballot is None:
            raise CommandError(f"Không có cuộc bỏ phiếu số {ballot_id}.")
        if ballot.status != BallotStatus.CLOSED:
            raise CommandError("Cuộc bỏ phiếu chưa kết thúc: chưa có kết quả để kiểm.")
        items = list(ballot.session.items.order_by("order", "id"))
        papers = list(ballot.urn)
        tally = rules.count_papers(papers, [i.pk for i in items])
        digest = rules.ballot_digest(papers)
        problems = []
        if len(papers) != ballot.paper_count or len(papers) != ballot.casts.count():
            problems.append(
                f"Số phiếu trong hòm ({len(papers)}) khác số đã ghi ({ballot.paper_count}) "
                f"hoặc số thành viên đã bỏ phiếu ({ballot.casts.count()})."
            )
        if digest != ballot.digest:
            problems.append(
                f"Mã SHA-256 không khớp: tính lại {digest}, biên bản ghi {ballot.digest}."
            )
        for item in items:
            counted, stored = tally[str(item.pk)], (ballot.tally or {}).get(str(item.pk))
            if counted != stored or counted != item.approvals:
                problems.append(
                    f"{item.subject_name} ({item.title_name}): kiểm lại {counted} phiếu tán "
                    f"thành, kết quả đã ghi {stored}/{item.approvals}."
                )
        for item in items:
            self.stdout.write(
                f"{item.subject_name} – {item.title_name}: {tally[str(item.pk)]}/"
                f"{ballot.member_count} phiếu tán thành"
            )
        self.stdout.write(f"Số phiếu: {len(papers)}. SHA-256: {digest}")
        if problems:
            raise CommandError("Kết quả kiểm phiếu KHÔNG khớp:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Kết quả kiểm phiếu khớp với biên bản."))
