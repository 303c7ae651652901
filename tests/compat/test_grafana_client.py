"""The `grafana-client` library (as Terraform-style tools and scripts use it) against
Sightline: identity APIs, unchanged client code."""

import uuid

import pytest
from grafana_client import GrafanaApi, TokenAuth
from grafana_client.client import GrafanaClientError


def admin_api(port):
    return GrafanaApi(auth=("admin", "admin"), host="127.0.0.1", port=port, protocol="http")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_the_client_sees_a_grafana_12_with_a_healthy_database(sightline):
    api = admin_api(sightline)
    assert api.version.startswith("12.")
    assert api.health.check()["version"].startswith("12.")
    assert api.client.GET("/health")["database"] == "ok"


def test_users_are_created_found_and_updated(sightline):
    api = admin_api(sightline)
    login = unique("compat-user")
    created = api.admin.create_user({"name": "Compat User", "email": f"{login}@example.com", "login": login, "password": "s3cret!"})
    user = api.users.find_user(login)
    assert user["id"] == created["id"]
    assert user["email"] == f"{login}@example.com"
    api.users.update_user(created["id"], {"name": "Renamed", "email": f"{login}@example.com", "login": login})
    assert api.users.get_user(created["id"])["name"] == "Renamed"
    assert any(hit["login"] == login for hit in api.users.search_users(query=login))
    as_user = GrafanaApi(auth=(login, "s3cret!"), host="127.0.0.1", port=sightline, protocol="http")
    assert as_user.user.get_actual_user()["login"] == login
    with pytest.raises(GrafanaClientError) as denied:
        as_user.organizations.list_organization()
    assert denied.value.status_code == 403


def test_orgs_and_their_members(sightline):
    api = admin_api(sightline)
    name = unique("Compat Org")
    org_id = api.organization.create_organization({"name": name})["orgId"]
    assert any(org["id"] == org_id for org in api.organizations.list_organization())
    login = unique("member")
    api.admin.create_user({"login": login, "email": f"{login}@example.com", "password": "s3cret!"})
    api.organizations.organization_user_add(org_id, {"loginOrEmail": login, "role": "Editor"})
    members = {member["login"]: member["role"] for member in api.organizations.organization_user_list(org_id)}
    assert members[login] == "Editor"


def test_teams_and_members(sightline):
    api = admin_api(sightline)
    name = unique("compat-team")
    team_id = api.teams.add_team({"name": name, "email": "team@example.com"})["teamId"]
    assert [team["id"] for team in api.teams.search_teams(query=name)] == [team_id]
    admin_id = api.user.get_actual_user()["id"]
    api.teams.add_team_member(team_id, admin_id)
    assert [member["userId"] for member in api.teams.get_team_members(team_id)] == [admin_id]
    api.teams.delete_team(team_id)
    with pytest.raises(GrafanaClientError) as missing:
        api.teams.get_team(team_id)
    assert missing.value.status_code == 404


def test_service_account_tokens_authenticate_the_client(sightline):
    api = admin_api(sightline)
    account = api.serviceaccount.create({"name": unique("ci-bot"), "role": "Editor"})
    token = api.serviceaccount.create_token(account["id"], {"name": "deploy"})
    assert token["key"].startswith("glsa_")
    bot = GrafanaApi(auth=TokenAuth(token["key"]), host="127.0.0.1", port=sightline, protocol="http")
    assert bot.organization.get_current_organization()["name"] == "Main Org."
    pages = api.serviceaccount.search(query="ci-bot")
    assert any(hit["id"] == account["id"] for page in pages for hit in page["serviceAccounts"])
    api.serviceaccount.delete(account["id"])
    with pytest.raises(GrafanaClientError) as refused:
        bot.organization.get_current_organization()
    assert refused.value.status_code == 401
