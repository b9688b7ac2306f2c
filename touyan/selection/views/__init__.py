"""Selection pages, cut by audience: the public, applicants, district officers, the office
(authority and centre) and experts."""
