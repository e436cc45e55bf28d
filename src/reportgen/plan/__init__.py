"""The plan and its loading: the typed model of a plan (units, tasks, targets), the loader that
validates a plan folder against it, the checks across its files, and the schema it publishes."""
