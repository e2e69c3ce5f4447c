"""The Spark backend: the same model and columns on Splink's Spark API.

For lists that outgrow one machine (see docs/deployment/linkage-spark.md). pyspark and a
Java runtime are optional; nothing here is imported unless ``backend="spark"`` is asked
for. The SQL differs from DuckDB's in one function (array overlap), and the names-library
similarity is registered as a Python UDF on the session.
"""

from __future__ import annotations

import os
import sys

import pyarrow as pa

from kirok.linkage.engine.comparisons import SIMILARITY_FUNCTION, name_similarity_batch

# pyarrow type → Spark SQL type, for the columns model.records_table builds.
_SPARK_TYPES = {
    pa.int64(): "BIGINT",
    pa.string(): "STRING",
    pa.float64(): "DOUBLE",
    pa.list_(pa.string()): "ARRAY<STRING>",
}


class SparkUnavailable(RuntimeError):
    """pyspark (or Java) is missing: say how to install it instead of a traceback."""


def _similarity(left: str | None, right: str | None) -> float:
    return float(name_similarity_batch([left], [right])[0])


def spark_api(session=None):
    """Splink's SparkAPI on ``session`` (or a local one) with the similarity UDF registered."""
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql.types import DoubleType
        from splink import SparkAPI
    except ImportError as error:
        raise SparkUnavailable(
            "backend='spark' needs pyspark and Java; see docs/deployment/linkage-spark.md"
        ) from error
    session = session or SparkSession.getActiveSession() or _local_session()
    session.udf.register(SIMILARITY_FUNCTION, _similarity, DoubleType())
    # Splink breaks long query plans by writing parquet to the checkpoint directory; a
    # session without one (a plain local one) keeps the tables in memory instead.
    checkpointed = session.sparkContext.getCheckpointDir() is not None
    return SparkAPI(spark_session=session, break_lineage_method=None if checkpointed else "persist")


def _local_session():
    """A local session set up as Kirok needs: Splink's similarity functions (its JAR) and
    workers running this Python, which has the names library for the similarity UDF."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.appName("kirok-linkage")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )


def spark_frame(api, table: pa.Table):
    """A Spark DataFrame of an Arrow table, with an explicit schema (works on Spark 3 and 4)."""
    schema = ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in table.schema)
    return api.spark.createDataFrame(table.to_pylist(), schema=schema)
