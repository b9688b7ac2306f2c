"""The training domain's tables, one module per part of the course."""

from .comments import Comment
from .completion import Completion, MentorOpinion, MilestoneVerdict
from .leave import LeaveRequest, SessionCode
from .mentors import Mentor, MentoringSession, MentorTeam
from .plans import DevelopmentPlan, Milestone, MilestoneProgress, PlanVersion
from .removal import RemovalCase, Replacement

__all__ = [
    "Comment",
    "Completion",
    "DevelopmentPlan",
    "LeaveRequest",
    "Mentor",
    "MentorOpinion",
    "MentorTeam",
    "MentoringSession",
    "Milestone",
    "MilestoneProgress",
    "MilestoneVerdict",
    "PlanVersion",
    "RemovalCase",
    "Replacement",
    "SessionCode",
]
