"""The output document of ``touyan allocate`` (docs/allocation.md, "Command line")."""

from .problem import id_text
from .solver import Allocation


def rank_profile(*, allocation: Allocation) -> list[int]:
    """How many applicants sit at their 1st, 2nd, … choice, then unlisted, then unassigned.

    Locked applicants count where their studio stands in their own list (or as unlisted), so
    the profile adds up to the number of applicants.
    """
    slots = allocation.problem.choice_slots
    profile = [0] * (slots + 2)
    for applicant, studio in zip(allocation.problem.applicants, allocation.studio_of, strict=True):
        if studio is None:
            profile[slots + 1] += 1
        else:
            rank = applicant.rank_of(studio)
            profile[slots if rank is None else rank - 1] += 1
    return profile


def result_document(*, allocation: Allocation, explanations: list[str]) -> dict:
    problem = allocation.problem
    studios = problem.studios
    return {
        "assignments": {
            id_text(applicant.id): None if studio is None else studios[studio].id
            for applicant, studio in zip(problem.applicants, allocation.studio_of, strict=True)
        },
        "objective": allocation.objective,
        "rank_profile": rank_profile(allocation=allocation),
        "studio_sizes": {
            id_text(studio.id): size for studio, size in zip(studios, allocation.sizes, strict=True)
        },
        "explanations": {
            id_text(applicant.id): text
            for applicant, text in zip(problem.applicants, explanations, strict=True)
        },
    }
