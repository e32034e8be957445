"""Information-system account and permission approvals (授权审批), the grants register and revocation."""
