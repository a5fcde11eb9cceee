"""Users, their role grants and sessions, and the one policy that says who may do what."""
