"""Batch audit for a provincial office: every report under a folder, in parallel, with
history, triage, cross-report checks and outputs an office can read (HTML, CSV, Excel)."""
