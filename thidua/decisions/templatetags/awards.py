"""``{% awards_history person=person %}`` / ``{% awards_history unit=unit %}``: the titles and
awards received over the years, for the person and division pages."""

from django import template

from thidua.decisions.selectors import awards_of, can_read

register = template.Library()


@register.inclusion_tag("decisions/_awards_history.html", takes_context=True)
def awards_history(context, person=None, unit=None):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    rows = []
    for award in awards_of(person=person, unit=unit):
        link = award.decision_id is not None and user is not None and can_read(user, award.decision)
        rows.append({"award": award, "link": link})
    return {"rows": rows, "collective": unit is not None}
