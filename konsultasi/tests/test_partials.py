"""A page that htmx also asks for in part is never kept by the browser as that part."""


def test_a_page_answers_that_it_varies_with_the_htmx_header(client, officer):
    client.force_login(officer)
    response = client.get("/desk/pustaka/?q=spm")
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_part_asked_for_by_htmx_is_not_stored(client, officer):
    client.force_login(officer)
    response = client.get(
        "/desk/pustaka/?q=spm", headers={"HX-Request": "true", "HX-Target": "library-results"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]
