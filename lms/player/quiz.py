"""The final test: attempts with a fixed shuffled order, scoring, pass threshold, limits."""

import secrets
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core.models import utcnow
from lms.extensions import db
from lms.player import tracking
from lms.player.models import QuizAttempt
from lms.player.scoring import AnswerError, FormData, Outcome, parse_answer, score, shuffled
from lms.player.services import Place, completion_due
from lms.xapi.services import record_statements


class QuizError(Exception):
    """The learner cannot start another attempt; the message says why."""


@dataclass
class QuizState:
    """The learner's attempts in their current registration and what they may do next."""

    settings: dict
    submitted: list[QuizAttempt]
    open_attempt: QuizAttempt | None

    @property
    def attempts_left(self) -> int | None:
        limit = self.settings["max_attempts"]
        return None if limit == 0 else max(0, limit - len(self.submitted))

    @property
    def can_start(self) -> bool:
        return self.open_attempt is None and self.attempts_left != 0

    @property
    def passed(self) -> bool:
        return any(attempt.passed for attempt in self.submitted)


@dataclass
class Submission:
    """Answers per question id, problems per question id, and the verdicts once scored."""

    answers: dict[str, dict] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)


def quiz_state(place: Place) -> QuizState:
    """Attempts of the current registration, the open one, and the test's settings."""
    attempts = list(
        db.session.scalars(
            select(QuizAttempt)
            .where(
                QuizAttempt.user_id == place.user.id,
                QuizAttempt.module_id == place.module.id,
                QuizAttempt.registration == place.progress.registration,
            )
            .order_by(QuizAttempt.number)
        )
    )
    return QuizState(
        settings=place.version.manifest["quiz"],
        submitted=[a for a in attempts if a.submitted_at is not None],
        open_attempt=next((a for a in attempts if a.submitted_at is None), None),
    )


def start_attempt(place: Place) -> QuizAttempt:
    """Open a new attempt (or return the open one); raises QuizError when no attempt is left."""
    state = quiz_state(place)
    if state.open_attempt:
        return state.open_attempt
    if not state.can_start:
        raise QuizError(_("Sie haben alle Versuche für diesen Abschlusstest genutzt."))
    number = (
        db.session.scalar(
            select(func.max(QuizAttempt.number)).where(
                QuizAttempt.user_id == place.user.id,
                QuizAttempt.module_id == place.module.id,
                QuizAttempt.registration == place.progress.registration,
            )
        )
        or 0
    ) + 1
    attempt = QuizAttempt(
        user_id=place.user.id,
        module_id=place.module.id,
        module_version_id=place.version.id,
        registration=place.progress.registration,
        number=number,
        seed=secrets.token_hex(8),
        answers={},
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def attempt_by_number(place: Place, number: int) -> QuizAttempt | None:
    """One of the learner's attempts in the current registration."""
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == place.user.id,
            QuizAttempt.module_id == place.module.id,
            QuizAttempt.registration == place.progress.registration,
            QuizAttempt.number == number,
        )
    )


def questions_for(place: Place, attempt: QuizAttempt) -> list[dict]:
    """The attempt's questions and options, in its own shuffled order if the test shuffles."""
    questions = place.version.content["quiz"]["questions"]
    if not place.version.manifest["quiz"]["shuffle"]:
        return questions
    ordered = shuffled(questions, attempt.seed)
    result = []
    for question in ordered:
        if question["kind"] in ("single-choice", "multiple-choice"):
            question = {
                **question,
                "options": shuffled(question["options"], f"{attempt.seed}:{question['id']}"),
            }
        result.append(question)
    return result


def read_submission(questions: list[dict], form: FormData) -> Submission:
    """Parse every answer; unanswered or malformed questions land in ``problems``."""
    submission = Submission()
    for question in questions:
        try:
            submission.answers[question["id"]] = parse_answer(question, form)
        except AnswerError as error:
            submission.problems[question["id"]] = str(error)
    return submission


def submit_attempt(place: Place, attempt: QuizAttempt, form: FormData) -> Submission:
    """Score a complete submission and record it; with problems nothing is stored."""
    questions = questions_for(place, attempt)
    submission = read_submission(questions, form)
    if submission.problems or attempt.submitted_at is not None:
        return submission
    submission.outcomes = {q["id"]: score(q, submission.answers[q["id"]]) for q in questions}
    points = sum(outcome.correct for outcome in submission.outcomes.values())
    threshold = place.version.manifest["quiz"]["pass_threshold"]
    attempt.answers, attempt.points, attempt.max_points = submission.answers, points, len(questions)
    attempt.score = round(points / len(questions), 4)
    attempt.passed = attempt.score >= threshold - 1e-9
    attempt.submitted_at = utcnow()
    track = place.track
    statements = [
        tracking.answered(
            track,
            q,
            submission.answers[q["id"]],
            submission.outcomes[q["id"]],
            attempt=attempt.number,
        )
        for q in questions
    ]
    statements.append(
        tracking.quiz_result(
            track,
            passed=attempt.passed,
            points=points,
            max_points=len(questions),
            attempt=attempt.number,
        )
    )
    if attempt.passed:
        best = max(attempt.score, place.progress.best_score or 0.0)
        statements += completion_due(place, place.progress.pages_seen, True, best)
    record_statements(statements)
    db.session.refresh(place.progress)
    return submission


def outcomes_of(place: Place, attempt: QuizAttempt) -> dict[str, Outcome]:
    """Verdicts of a submitted attempt, for its result page."""
    questions = {q["id"]: q for q in place.version.content["quiz"]["questions"]}
    return {
        qid: score(questions[qid], answer)
        for qid, answer in attempt.answers.items()
        if qid in questions
    }
