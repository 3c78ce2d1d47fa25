"""The user the dashboard tests act as when they call the query layer directly."""

from dashboards.access import Role, User

COMPANY_MANAGER = User(name="test-manager", role=Role.MANAGER)
