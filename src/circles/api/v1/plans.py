"""A person's own development plan and goals: only ever their owner's, with a personal token."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from circles.growth.models import DevelopmentPlan, Goal
from circles.growth.plans import services
from circles.orgs.models import Person

from .auth import caller
from .errors import not_found
from .schemas import Id, Page, Str500, Str5000, answers

router = Router(tags=["development plan"])


class PlanOut(Schema):
    summary: str
    updated_at: dt.datetime | None


class PlanIn(Schema):
    summary: Str5000


class GoalOut(Schema):
    id: int
    title: str
    skills: str
    evidence: str
    status: str
    shared_with_circle: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class GoalIn(Schema):
    title: Str500
    skills: Str500 = ""
    evidence: Str500 = ""
    status: Literal["active", "achieved", "paused"] = "active"
    shared_with_circle: bool = False


def _owner(request: HttpRequest) -> Person:
    return caller(request).require_person()


def _goal(owner: Person, goal_id: int) -> Goal:
    goal = Goal.objects.filter(plan__owner=owner, pk=goal_id).select_related("plan").first()
    if goal is None:
        raise not_found()
    return goal


@router.get("/me/plan", response=answers(PlanOut), summary="Read my development plan")
def plan_read(request: HttpRequest) -> Any:
    plan = DevelopmentPlan.objects.filter(owner=_owner(request)).first()
    return plan or {"summary": "", "updated_at": None}


@router.put("/me/plan", response=answers(PlanOut), summary="Write my development plan")
def plan_write(request: HttpRequest, payload: PlanIn) -> Any:
    return services.plan_update(owner=_owner(request), summary=payload.summary)


@router.get("/me/plan/goals", response=answers(list[GoalOut]), summary="List my goals")
@paginate(Page)
def goals_list(request: HttpRequest) -> Any:
    return Goal.objects.filter(plan__owner=_owner(request)).order_by("created_at", "pk")


@router.post("/me/plan/goals", response=answers(GoalOut, 201), summary="Add a goal")
def goal_add(request: HttpRequest, payload: GoalIn) -> Any:
    owner = _owner(request)
    goal = services.goal_create(
        owner=owner,
        title=payload.title,
        skills=payload.skills,
        evidence=payload.evidence,
        shared_with_circle=payload.shared_with_circle,
    )
    if payload.status != "active":
        goal = services.goal_update(goal=goal, owner=owner, **payload.dict())
    return Status(201, goal)


@router.get("/me/plan/goals/{goal_id}", response=answers(GoalOut), summary="Read a goal")
def goal_read(request: HttpRequest, goal_id: Id) -> Any:
    return _goal(_owner(request), goal_id)


@router.put("/me/plan/goals/{goal_id}", response=answers(GoalOut), summary="Rewrite a goal")
def goal_change(request: HttpRequest, goal_id: Id, payload: GoalIn) -> Any:
    owner = _owner(request)
    return services.goal_update(goal=_goal(owner, goal_id), owner=owner, **payload.dict())


@router.delete("/me/plan/goals/{goal_id}", response=answers(GoalOut), summary="Delete a goal")
def goal_remove(request: HttpRequest, goal_id: Id) -> Any:
    owner = _owner(request)
    goal = _goal(owner, goal_id)
    gone = GoalOut.from_orm(goal)
    services.goal_delete(goal=goal, owner=owner)
    return gone
