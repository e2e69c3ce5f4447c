"""The Spark backend gives the same people as DuckDB (needs pyspark and Java)."""

from __future__ import annotations

import logging
import shutil

import pytest

from kirok.linkage.engine import link
from tests.linkage.engine.people import background, four_kim_youngho, kim_hyesong

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark is not installed (optional; see docs/deployment/linkage-spark.md)"
)
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime and none is on PATH", allow_module_level=True)


@pytest.fixture(scope="module")
def spark_session():
    """The local session the engine starts itself when none is running (with Splink's JAR
    and this Python for the workers: kirok.linkage.engine.spark._local_session)."""
    from pyspark.sql import SparkSession

    # py4j says goodbye at exit, after pytest has closed the streams it would log to.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    assert SparkSession.getActiveSession() is None
    yield
    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def test_spark_links_like_duckdb(spark_session):
    records = background(30) + kim_hyesong() + four_kim_youngho()
    on_spark = link(records, backend="spark")
    on_duckdb = link(records)
    assert on_spark.parameters["backend"] == "spark"
    assert on_spark.clusters == on_duckdb.clusters
    assert on_spark.clusters["testimony-4"] == "ngo-17"


def test_without_pyspark_the_error_says_what_to_install(monkeypatch):
    import sys

    from kirok.linkage.engine.spark import SparkUnavailable, spark_api

    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(SparkUnavailable, match="pyspark and Java"):
        spark_api()
