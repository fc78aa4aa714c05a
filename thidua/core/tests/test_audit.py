"""The audit log is append-only and tamper-evident: any edit or deletion made behind the
application's back (raw SQL) is found by `verify_audit`, which names the first bad row."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from thidua.core.audit import audit_record, verify_chain
from thidua.core.models import AuditEvent


def _verify():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


@pytest.fixture
def chain(db):
    for number in range(1, 6):
        with transaction.atomic():
            audit_record(
                actor=None,
                action="test.write",
                object_type="test",
                object_id=str(number),
                object_repr=f"Đối tượng {number}",
                before={"n": number - 1},
                after={"n": number, "tên": "Nguyễn Văn Ân"},
                reason="Kiểm thử",
            )
    return list(AuditEvent.objects.order_by("seq"))


def test_intact_chain_verifies(chain):
    code, output = _verify()
    assert code == 0
    assert "5 dòng" in output
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert all(e.prev_hash == p.hash for p, e in zip(chain, chain[1:], strict=False))


def test_audit_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="test.write", object_type="test")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reason", "'sửa lén'"),
        ("action", "'test.other'"),
        ("object_repr", "'khác'"),
        ("actor_repr", "'người khác'"),
    ],
    ids=["reason", "action", "object", "actor"],
)
def test_raw_sql_edit_is_detected_and_named(chain, column, value):
    target = chain[2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_auditevent SET {column} = {value} WHERE id = %s", [target.pk])
    code, output = _verify()
    assert code == 1
    assert f"Dòng số {target.seq} (id {target.pk})" in output
    assert verify_chain().seq == 3


def test_raw_sql_edit_of_json_payload_is_detected(chain):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"n": 99}', chain[1].pk]
        )
    assert verify_chain().seq == 2


def test_raw_sql_delete_in_the_middle_is_detected(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [chain[1].pk])
    code, output = _verify()
    assert code == 1
    assert "Thiếu dòng số 2" in output


def test_raw_sql_delete_of_the_newest_row_is_detected(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [chain[-1].pk])
    code, output = _verify()
    assert code == 1
    assert "đầu chuỗi ghi dòng số 5" in output


def test_rehashing_one_row_still_breaks_the_next(chain):
    """A forger who recomputes a row's own hash breaks the link stored in the next row."""
    target = chain[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET hash = %s WHERE id = %s", ["f" * 64, target.pk])
    problem = verify_chain()
    assert problem is not None and problem.seq == 2


def test_failed_service_writes_no_audit_row(db):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(actor=None, action="test.write", object_type="test")
        raise ValueError("the change failed")
    assert AuditEvent.objects.count() == before
    assert verify_chain() is None


def test_audit_page_filters(client_for, users):
    client = client_for("head")
    page = client.get("/nhat-ky/", {"action": "person.create"}).content.decode()
    assert "person.create" in page
    assert "unit.create</code>" not in page
    page = client.get("/nhat-ky/", {"object": "Đặng Quốc Bảo"}).content.decode()
    assert "Đặng Quốc Bảo (P04)" in page
    assert "Võ Thanh Tùng (P03)" not in page
