"""Forms of the division review (opening it, attendance and votes), the proposal
(justification, attachments, reasons) and ad-hoc proposals."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.initiatives.uploads import ACCEPT, check_upload
from thidua.rules.codes import TITLE_NAMES

from .models import AttachmentKind
from .services import AD_HOC_TITLES

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}


class ReviewOpenForm(forms.Form):
    division = forms.ChoiceField(label=_("Phòng"))
    period = forms.ChoiceField(label=_("Kỳ bình xét"), required=False)
    held_on = forms.DateField(label=_("Ngày họp"), **DATE_WIDGET)
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    chair_name = forms.CharField(label=_("Chủ trì"), max_length=150)
    secretary_name = forms.CharField(label=_("Thư ký"), max_length=150)

    def __init__(self, *args, divisions=(), phases=(), year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.divisions = {str(d.pk): d for d in divisions}
        self.phases = {str(p.pk): p for p in phases}
        self.fields["division"].choices = [(str(d.pk), d.name) for d in divisions]
        self.fields["period"].choices = [("", _("Cả năm %(y)s") % {"y": year})] + [
            (str(p.pk), f"{p.name} ({p.starts_on:%d/%m/%Y} – {p.ends_on:%d/%m/%Y})") for p in phases
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "division": self.divisions[data["division"]],
            "phase": self.phases.get(data["period"] or ""),
            "held_on": data["held_on"],
            "place": data["place"],
            "chair_name": data["chair_name"],
            "secretary_name": data["secretary_name"],
        }


class ReviewRecordForm(forms.Form):
    """Attendance (members present) and, for each candidate, the approvals."""

    present = forms.MultipleChoiceField(
        label=_("Thành viên có mặt"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, review, **kwargs):
        attendance = list(review.attendance.select_related("person"))
        self.candidates = list(review.candidates.select_related("person", "unit"))
        initial = {"present": [str(a.person_id) for a in attendance if a.present]}
        for c in self.candidates:
            initial[f"votes_{c.pk}"] = c.approve_votes
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["present"].choices = [
            (str(a.person_id), f"{a.person.full_name}" + (f" – {a.position}" if a.position else ""))
            for a in attendance
        ]
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Số phiếu đồng ý: %(who)s – %(title)s")
                % {"who": c.subject_name, "title": c.title_name},
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs={"class": "votes", "min": 0}),
            )

    def rows(self):
        return [(c, self[f"votes_{c.pk}"]) for c in self.candidates]

    def clean(self):
        data = super().clean()
        present = len(data.get("present") or [])
        for c in self.candidates:
            name = f"votes_{c.pk}"
            value = data.get(name)
            if value is not None and value > present:
                self.add_error(
                    name,
                    _("%(label)s: không được lớn hơn số người có mặt (%(n)s).")
                    % {"label": self.fields[name].label, "n": present},
                )
        return data

    def votes(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"votes_{c.pk}") for c in self.candidates}


class JustificationForm(forms.Form):
    justification = forms.CharField(
        label=_("Giải trình lý do đề nghị dù không đủ điều kiện"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AttachmentKind.choices)
    nominee = forms.ChoiceField(label=_("Của"), required=False)
    file = forms.FileField(
        label=_("Tệp (PDF, JPG, PNG, DOCX, XLSX; tối đa 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, nominees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nominees = {str(n.pk): n for n in nominees}
        self.fields["nominee"].choices = [("", _("Cả hồ sơ"))] + [
            (str(n.pk), f"{n.subject_name} – {n.title_name}") for n in nominees
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from error
        return upload

    def chosen_nominee(self):
        return self.nominees.get(self.cleaned_data.get("nominee") or "")


class AdHocForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do đề nghị khen thưởng đột xuất (thành tích)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    division = forms.ChoiceField(label=_("Phòng"))
    nominee = forms.ChoiceField(label=_("Người hoặc tập thể được đề nghị"))
    title_code = forms.ChoiceField(
        label=_("Hình thức khen thưởng"),
        choices=[(code, TITLE_NAMES[code]) for code in AD_HOC_TITLES],
    )

    def __init__(self, *args, divisions=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.divisions = {str(d.pk): d for d in divisions}
        self.members = {p.staff_code: p for p in members}
        self.fields["division"].choices = [(str(d.pk), d.name) for d in divisions]
        self.fields["nominee"].choices = [
            (f"unit:{d.pk}", _("Tập thể %(n)s") % {"n": d.name}) for d in divisions
        ] + [(p.staff_code, f"{p.full_name} ({p.staff_code})") for p in members]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        division = self.divisions[data["division"]]
        choice = data["nominee"]
        if choice.startswith("unit:"):
            unit = self.divisions.get(choice[5:])
            subject = (None, unit or division)
        else:
            subject = (self.members[choice], None)
        return {
            "division": division,
            "reason": data["reason"],
            "nominees": [(*subject, data["title_code"])],
        }
