def test_real(demo, api_client):
    r = api_client("vanphong").get("/api/v1/deadlines/1/report.docx")
    open("/tmp/dr/real.docx", "wb").write(r.content)
    r = api_client("vanphong").get("/api/v1/deadlines/1/report.xlsx")
    open("/tmp/dr/real.xlsx", "wb").write(r.content)
