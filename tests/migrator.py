"""A data migration tested on a database as an older release left it: migrate back, shape the old data, migrate
forward, look. Import the fixture into the test module: `from tests.migrator import migrate  # noqa: F401`."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def migrate(transactional_db):
    """migrate([(app, migration)]) → the historical apps registry at those migrations; the latest afterwards."""

    def _migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield _migrate
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
