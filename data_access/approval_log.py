"""Kept for data_access/cli.py while its split lands; the record is in ceremony/approvals.py."""

from data_access.ceremony.approvals import ApprovalRecord, approval_history

__all__ = ["ApprovalRecord", "approval_history"]
