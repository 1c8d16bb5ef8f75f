"""Archives: tables (CSV, JSONL, Parquet) and bundles (zip, tar) of documents, checked record
by record without unpacking, here or on Dask or Spark.

- `records`: a record, its label, the columns of a table;
- `readers`: an archive cut into partitions, and the records of a partition;
- `check`: one record checked as a file would be, within a time bound;
- `partitions`: a partition checked and written as a Parquet file, resumably;
- `local`: this machine's processes; `markcheck.dask` and `markcheck.spark` the clusters;
- `frames`: the rows of a pandas DataFrame (the Dask and Spark DataFrame recipes);
- `progress`: records/s, MB/s and the time left; `cli`: the options of ``check``.
"""
