"""Internals of pipeline.extract.deadlines: vocabulary, scanning, resolution, calendar."""
