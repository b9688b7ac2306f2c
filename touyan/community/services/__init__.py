"""Writing the community: threads and posts (``threads``), reports and moderation
(``moderation``), online study sessions and their participation (``sessions``)."""
