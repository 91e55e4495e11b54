"""Checkers for 01 — derivatives and gradient descent: a central difference, one gradient-descent step,
the whole trajectory of gradient descent, and a prediction (what gradient descent does on c(w) = w²
with η = 1.2), recorded before the run."""

import numpy as np

from course_lib import gradcheck
from course_lib.exercises._core import Case, Mistake, define, define_prediction, mutation_hint
from course_lib.topics.calculus import bowl_grad, gradient_descent
from course_lib.topics.calculus import gradient_descent_step as _gd_step

__all__ = [
    "ETA_OPTIONS",
    "check_central_difference",
    "check_eta_prediction",
    "check_gradient_descent",
    "check_gradient_descent_step",
]


# ---------------------------------------------------------------- central difference
def _central(f, x, h):
    return gradcheck.numerical_derivative(f, x, h)


CENTRAL_MISTAKES = (
    Mistake(
        "forward difference",
        lambda f, x, h: (f(x + h) - f(x)) / h,
        "you computed the one-sided (forward) difference (f(x+h) − f(x))/h; "
        "the central difference uses f(x+h) − f(x−h).",
    ),
    Mistake(
        "backward difference",
        lambda f, x, h: (f(x) - f(x - h)) / h,
        "you computed the one-sided (backward) difference (f(x) − f(x−h))/h; "
        "the central difference uses f(x+h) − f(x−h).",
    ),
    Mistake(
        "forgot the 2",
        lambda f, x, h: (f(x + h) - f(x - h)) / h,
        "your answer is twice too large: the points x−h and x+h are 2h apart, so divide by 2h, not h.",
    ),
    Mistake(
        "divided by 2 then multiplied by h",
        lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
        "you wrote `/ 2 * h`, which divides by 2 and then multiplies by h; write `/ (2 * h)`.",
    ),
    Mistake(
        "swapped the points",
        lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
        "your sign is flipped: subtract f(x−h) from f(x+h), not the other way round.",
    ),
    Mistake(
        "missing parentheses in the numerator",
        lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
        "only f(x−h) was divided by 2h; put the whole difference in parentheses: (f(x+h) − f(x−h)) / (2h).",
    ),
    Mistake(
        "ignored h",
        lambda f, x, h: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,
        "use the step h you are given: the check calls your function with h = 0.1, "
        "where the central difference is not yet equal to the exact derivative.",
    ),
)


def _cube(x):
    return x**3


def _x_exp(x):
    return x * np.exp(-x)


check_central_difference = define(
    "central_difference",
    notebook="01",
    # the library's function itself (passed through the checker by the tests: it does not call itself)
    reference=gradcheck.numerical_derivative,
    cases=[
        # f = x³ at x = 2 with a large h comes first: there every planted mistake gives its own value
        # (central 12.01, forward 12.61, backward 11.41, no 2: 24.02, exact 12)
        Case((_cube, np.float64(2.0), 0.1), label="f=x³, x=2, h=0.1"),
        Case((np.sin, np.array([-1.0, 0.0, 0.5, 2.0]), 0.1), label="f=sin, x of shape (4,), h=0.1"),
        Case(
            (_x_exp, np.linspace(-1.0, 2.0, 6).reshape(2, 3), 0.05),
            label="f=x·e^(−x), x of shape (2, 3), h=0.05",
        ),
        Case((np.exp, np.float64(1.0), 1e-5), label="f=exp, x=1, h=1e-05"),
    ],
    mistakes=CENTRAL_MISTAKES,
    # `gradcheck` is imported in the notebook: its numerical_derivative is the answer, not the student's
    forbid={gradcheck.numerical_derivative: "gradcheck.numerical_derivative"},
    rtol=1e-7,
    atol=1e-10,
    verified=(
        "(f(x+h) − f(x−h))/2h matches the library's numerical_derivative: 12.01 for x³ at x = 2 "
        "with h = 0.1 (exact 12), on a vector, a 2×3 array, and e at x = 1 with h = 1e-5."
    ),
    doc="Check (f(x+h) − f(x−h))/2h for a scalar, a vector and a 2-D x, with large and small h.",
)


# ---------------------------------------------------------------- one gradient-descent step
STEP_MISTAKES = (
    Mistake(
        "plus sign (gradient ascent)",
        lambda w, grad, eta: np.asarray(w) + eta * np.asarray(grad),
        "you added η·grad: that is gradient ascent, uphill. Step against the gradient: w − η·grad.",
    ),
    Mistake(
        "forgot eta",
        lambda w, grad, eta: np.asarray(w) - np.asarray(grad),
        "you subtracted the whole gradient: multiply it by the learning rate η first.",
    ),
    Mistake(
        "returned the step only",
        lambda w, grad, eta: -eta * np.asarray(grad),
        "you returned only the change −η·grad; return the new weights w − η·grad.",
    ),
    Mistake(
        "divided by eta",
        lambda w, grad, eta: np.asarray(w) - np.asarray(grad) / eta,
        "you divided the gradient by η; multiply by it: w − η·grad.",
    ),
    Mistake(
        "used w instead of the gradient",
        lambda w, grad, eta: np.asarray(w) - eta * np.asarray(w),
        "you used w where the gradient belongs: w − η·grad.",
    ),
    Mistake(
        "subtracted eta only",
        lambda w, grad, eta: np.asarray(w) - eta,
        "you subtracted η alone; the step is η times the gradient: w − η·grad.",
    ),
)


def _in_place_step(w, grad, eta):
    w -= eta * grad  # writes into the caller's array (a number is only rebound)
    return w


# the right value, but the caller's w changed: caught by call(..., unchanged=True), not by value
IN_PLACE = Mistake("changed w in place", _in_place_step, mutation_hint("w"))

_W2 = np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5]])

check_gradient_descent_step = define(
    "gradient_descent_step",
    notebook="01",
    reference=_gd_step,
    cases=[
        # w = 3, grad = 4, η = 0.1 first (the step to 2.6): every mistake gives another value
        Case((np.float64(3.0), np.float64(4.0), 0.1)),
        Case((np.array([1.0, -2.0]), np.array([0.5, -1.5]), 0.2)),
        Case((_W2, np.array([[0.1, 0.2, -0.3], [-1.0, 0.0, 0.4]]), 0.5)),
        Case((np.float64(-1.0), np.float64(-4.0), 0.25)),
    ],
    mistakes=(*STEP_MISTAKES, IN_PLACE),
    unchanged=True,  # "leave w itself unchanged"
    verified=(
        "w − η·grad is right: 3 − 0.1·4 = 2.6, "
        "and on a vector and a 2×3 weight matrix (shape kept), leaving w unchanged."
    ),
    doc="Check w − η·grad for scalars, a vector and a 2-D weight matrix (shape kept), w left unchanged.",
)


# ---------------------------------------------------------------- the whole trajectory
def _descend(grad, w0, eta, steps, update):
    """w_0 = w0 and w_{k+1} = update(w_k), as an array of steps + 1 rows (the planted mistakes' loop)."""
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w = update(w)
        path.append(w)
    return np.array(path)


def _gradient_once(grad, w0, eta, steps):
    g = grad(np.array(w0, dtype=float))  # evaluated once, at w0, and reused at every step
    return _descend(grad, w0, eta, steps, lambda w: w - eta * g)


def _stored_before_update(grad, w0, eta, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        path.append(w)  # stores w_k in row k + 1: w0 twice, and the last step is lost
        w = w - eta * grad(w)
    return np.array(path)


def _without_w0(grad, w0, eta, steps):
    w, path = np.array(w0, dtype=float), []
    for _ in range(steps):
        w = w - eta * grad(w)
        path.append(w)
    return np.array(path).reshape(steps, *np.shape(w0))


def _same_array_appended(grad, w0, eta, steps):
    w = np.array(w0, dtype=float)  # a copy of w0, then changed in place and appended every step
    path = [w]
    for _ in range(steps):
        w -= eta * grad(w)
        path.append(w)
    return np.array(path)  # every row is the same array: the final w


def _one_step_too_many(grad, w0, eta, steps):
    return _descend(grad, w0, eta, steps + 1, lambda w: w - eta * grad(w))


def _one_step_short(grad, w0, eta, steps):
    return _descend(grad, w0, eta, max(steps - 1, 0), lambda w: w - eta * grad(w))[:steps]


DESCENT_MISTAKES = (
    Mistake(
        "plus sign (gradient ascent)",
        lambda grad, w0, eta, steps: _descend(grad, w0, eta, steps, lambda w: w + eta * grad(w)),
        "your trajectory climbs: you added η·∇c(w) (gradient ascent); every step goes against the gradient.",
    ),
    Mistake(
        "gradient computed once, at w0",
        _gradient_once,
        "your steps all have the same size: you computed the gradient once, at w0; "
        "evaluate grad at the current w at every step.",
    ),
    Mistake(
        "forgot eta",
        lambda grad, w0, eta, steps: _descend(grad, w0, eta, steps, lambda w: w - grad(w)),
        "each step subtracted the whole gradient: multiply it by the learning rate η first.",
    ),
    Mistake(
        "w stored before the update",
        _stored_before_update,
        "row 1 repeats w0 and every later row lags one step behind: row k must be w_k, "
        "the weights after k updates, so store w after updating it.",
    ),
    Mistake(
        "left out w0",
        _without_w0,
        "your trajectory has `steps` rows and no start: row 0 is w0 itself, then w_1, …, w_steps "
        "(steps + 1 rows).",
    ),
    Mistake(
        "the same array appended every step",
        _same_array_appended,
        "every row of your trajectory is the final w: you appended the same array each step and then "
        "changed it in place (`w -= …`); make a new array each step (`w = w − …`) or append a copy.",
    ),
    Mistake(
        "one step too many",
        _one_step_too_many,
        "your trajectory has one row too many: with w0 in row 0, `steps` updates give steps + 1 rows.",
    ),
    Mistake(
        "one step short",
        _one_step_short,
        "your trajectory stops one step early, at w_(steps−1): make all `steps` updates, "
        "so that with w0 in row 0 there are steps + 1 rows.",
    ),
)


def _in_place_descent(grad, w0, eta, steps):
    w = w0  # the same array as the caller's w0, not a copy
    path = [np.array(w0, dtype=float)]
    for _ in range(steps):
        w -= eta * grad(w)  # writes into the caller's w0 (a number is only rebound)
        path.append(np.array(w, dtype=float))
    return np.array(path)


# the right values, but the caller's w0 changed: caught by call(..., unchanged=True), not by value
DESCENT_IN_PLACE = Mistake("changed w0 in place", _in_place_descent, mutation_hint("w0"))


def grad_of_w_squared(w):
    """∇c of c(w) = w² (elementwise, for a number or an array of any shape): 2w."""
    return 2.0 * w


check_gradient_descent = define(
    "gradient_descent",
    notebook="01",
    reference=gradient_descent,
    cases=[
        # c = w² from 3 with η = 0.1: 3, 2.4, 1.92, …; every mistake above gives another trajectory
        Case((grad_of_w_squared, np.float64(3.0), 0.1, 4), label="grad=2w (c = w²), w0=3, eta=0.1, steps=4"),
        Case(
            (bowl_grad, np.array([-2.5, 1.5]), 0.1, 8),
            label="grad=bowl_grad (c = w₁² + 4w₂²), w0=[-2.5, 1.5], eta=0.1, steps=8",
        ),
        Case(
            (grad_of_w_squared, np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5]]), 0.1, 0),
            label="grad=2w, w0 of shape (2, 3), eta=0.1, steps=0",
        ),
        Case(  # w₂ is multiplied by 1 − 8·0.3 = −1.4 per step: the values grow, and are still compared
            (bowl_grad, np.array([1.0, 1.0]), 0.3, 6),
            label="grad=bowl_grad, w0=[1, 1], eta=0.3 (too large), steps=6",
        ),
        Case(  # at the minimum already: all `steps` rows are still there (no early stop)
            (bowl_grad, np.array([0.0, 0.0]), 0.1, 3),
            label="grad=bowl_grad, w0=[0, 0] (the minimum), eta=0.1, steps=3",
        ),
    ],
    mistakes=(*DESCENT_MISTAKES, DESCENT_IN_PLACE),
    unchanged=True,  # "leave w0 unchanged"
    forbid={gradient_descent: "gradient_descent"},
    precise_hints=True,  # "left out w0" and "one step short" have one row fewer: the shape gets their hint
    verified=(
        "row k is w_k, from w0 to w_steps: right on w² from 3 with η = 0.1, on the bowl (also with an "
        "η that diverges), and for steps = 0 (just w0, shape kept), leaving w0 unchanged."
    ),
    doc="Check the trajectory w_0, …, w_steps (shape (steps + 1, *w0.shape)) on four cases; w0 kept.",
)


# ---------------------------------------------------------------- predict, then run: η = 1.2 on w²
ETA_OPTIONS = (
    "converges smoothly",
    "converges, oscillating",
    "oscillates forever",
    "diverges",
)
ETA_START, ETA, ETA_STEPS = 1.0, 1.2, 10  # gradient descent on c(w) = w², c'(w) = 2w


def eta_run() -> np.ndarray:
    """The run the notebook reveals: w_0 = 1, w_{k+1} = w_k − 1.2 · 2w_k, for 10 steps."""
    return gradient_descent(lambda w: 2.0 * w, ETA_START, ETA, ETA_STEPS)


def _outcome(path: np.ndarray) -> str:
    """Which of ETA_OPTIONS a trajectory towards the minimum w = 0 shows."""
    size = np.abs(path)
    alternating = bool(np.all(path[1:] * path[:-1] < 0))
    if size[-1] > size[0]:
        return "diverges"
    if np.isclose(size[-1], size[0]):
        return "oscillates forever"
    return "converges, oscillating" if alternating else "converges smoothly"


_ONE_OF_ETA = "one of the four options, a string written exactly as in the list"


def eta_truth() -> str:
    """The option the run shows (the reference 'prediction')."""
    return _outcome(eta_run())


def _eta_reveal() -> tuple[str, str]:
    why = (
        "On c(w) = w² each step multiplies w by 1 − 2η = −1.4: the sign flips (w jumps over the minimum) "
        "and |w| grows by 1.4 per step, so it diverges, oscillating. Convergence needs |1 − 2η| < 1, η < 1."
    )
    return _outcome(eta_run()), why


check_eta_prediction = define_prediction(
    "eta_prediction",
    notebook="01",
    options=ETA_OPTIONS,
    reveal=_eta_reveal,
    mistakes=(
        Mistake(
            "returned the final w",
            lambda: float(eta_run()[-1]),
            "return your prediction, not the final w you computed: " + _ONE_OF_ETA + ".",
        ),
    ),
    doc="Any option completes the exercise; the comment says what the run showed and why.",
)
