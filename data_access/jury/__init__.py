"""The jury's work on record: sheets filled in the app (draft, submit, reopen) and history."""
