import pytest

from conftest import make_person, make_user
from thidua.accounts.models import Role


@pytest.fixture
def nd_head(office, people):
    """The head of division ND: a division head, but of another division than QH."""
    return make_user(
        "nd_head",
        make_person("P10", "Trương Văn Nghĩa", office["ND"], position="Trưởng phòng"),
        [(Role.DIVISION_HEAD, office["ND"]), (Role.STAFF, office["ND"])],
    )


@pytest.fixture
def actors(users, nd_head):
    return {**users, "nd_head": nd_head}
