"""The contract: OpenAPI 3 at /api/openapi.json and a docs page that loads nothing from
outside (the assets are ninja's, served from our static files)."""

import re


def test_the_openapi_document_describes_v1_with_both_ways_to_authenticate(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["components"]["securitySchemes"]) == {"ApiKeyAuth", "SessionAuth"}
    create = document["paths"]["/api/v1/consultations"]["post"]
    assert {"200", "201", "401", "403", "422", "429"} <= set(create["responses"])


def test_every_refusal_in_the_contract_has_the_one_error_body(client, db):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (method, path, status)


def test_the_docs_page_loads_its_assets_from_this_site_only(client, db):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in html  # no inline script: the page works under a strict CSP
