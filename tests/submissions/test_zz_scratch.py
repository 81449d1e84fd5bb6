from tests.support import signed_in


def test_scratch(province, api_client):
    c = api_client("thanhvien")
    r = c.get("/api/v1/deadlines/1/submissions")
    print(r.status_code, [x["unit_name"] for x in r.json()])
    r = api_client("hiephoa").get("/api/v1/deadlines/1/submissions")
    print(r.status_code, [x["unit_name"] for x in r.json()])
    print(r.json()[0])
    r = api_client("yenthe").get("/api/v1/deadlines/1/submissions")
    print(r.status_code, r.json())
    r = api_client("yenthe").post("/api/v1/campaigns/1/deadlines", data={}, content_type="application/json")
    print(r.status_code, r.json())
    r = api_client("vanphong").post("/api/v1/campaigns/1/deadlines", data={"code": "X", "title": "t", "due_on": "2021-10-10", "recipients": ["council_office"], "unit_ids": [99999]}, content_type="application/json")
    print(r.status_code, r.json())
    r = api_client("vanphong").post("/api/v1/campaigns/1/deadlines", data={"code": "X", "title": "t", "due_on": "2021-10-10", "recipients": ["council_office"]}, content_type="application/json")
    print(r.status_code, r.json())
    r = api_client("vanphong").get("/api/v1/deadlines/1/report.docx")
    print(r.status_code, r.content[:300])
