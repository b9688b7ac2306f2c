import rules

from touyan.programmes.rules import hosts_studio, manages_programme

# The host writes the prospectus; the centre (whoever manages the programme) approves it.
rules.add_perm("studios.edit_prospectus", hosts_studio)
rules.add_perm("studios.review_prospectus", manages_programme)
rules.add_perm("studios.view_prospectus_draft", hosts_studio | manages_programme)
