import datetime

from thidua.org import services
from thidua.org.models import Person, Unit


def test_person_who_moved_is_seen_by_the_new_unit_not_the_old_one(demo, api_client):
    an = Person.objects.get(full_name="Nguyễn Văn An")
    yenthe, hiephoa = api_client("yenthe"), api_client("hiephoa")
    assert (yenthe.get(f"/api/v1/persons/{an.pk}").status_code,
            hiephoa.get(f"/api/v1/persons/{an.pk}").status_code) == (200, 404)

    services.employment_record(by=None, person=an, unit=Unit.objects.get(code="H-HH"),
                               started_on=datetime.date(2024, 1, 1), position="Chánh Văn phòng")

    assert (yenthe.get(f"/api/v1/persons/{an.pk}").status_code,
            hiephoa.get(f"/api/v1/persons/{an.pk}").status_code) == (404, 200)
    previous = an.employments.get(unit__code="H-YT")
    assert previous.ended_on == datetime.date(2023, 12, 31)
