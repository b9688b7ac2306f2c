"""A training programme's course to its end (HZ-3.3–HZ-4.2.4): mentor teams, personal
development plans, leave, removal cases, replacement from the call's ranking, completion,
transcripts and the credit file."""
