from thidua.org.models import Unit, Cluster, Person
def test_probe(demo, login, client):
    ytid = Unit.objects.get(code="H-YT").pk
    c1 = Cluster.objects.get(name="Cụm thi đua số 1").pk
    an = Person.objects.get(full_name="Nguyễn Văn An").pk
    pages = ["/", "/campaigns/", f"/campaigns/{demo.pk}/", "/units/", "/units/?q=bac+giang", f"/units/{ytid}/",
             "/clusters/?year=2021", f"/clusters/{c1}/", f"/persons/{an}/", "/campaigns/abc/",
             "/campaigns/99999999999999999999/", "/units/?q=%00", "/units/?kind=zzz", "/clusters/?year=abc",
             "/clusters/?year=99999", "/units/?page=999", "/units/?page=abc"]
    for user in ["vanphong", "yenthe", "thanhvien", None]:
        cl = login(user) if user else client
        for p in pages:
            r = cl.get(p)
            print(user, r.status_code, p, r.get("Location"), len(r.content))
    r = login("vanphong").get(f"/campaigns/{demo.pk}/")
    import html
    print(html.unescape(r.content.decode())[:100000])
