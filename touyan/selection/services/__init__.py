"""Every write of the selection workflow. Each service checks the caller's permission, moves
the call or the application under a row lock, writes the audit trail in the same transaction and
tells the people concerned on commit."""
