"""Pages of division reviews and proposals."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from . import selectors
from .models import Proposal


def proposal_for(user, pk) -> Proposal:
    proposal = get_object_or_404(Proposal, pk=pk)
    if not selectors.visible_proposals(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))
    return proposal


@login_required
def proposal_detail(request, pk):
    proposal = proposal_for(request.user, pk)
    return render(request, "reviews/proposal_detail.html", {"proposal": proposal})
