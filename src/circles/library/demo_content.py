"""The demo library's texts, in the product's own words (guides, articles, links, exercises)."""

from __future__ import annotations

# (kind, title, summary, body, tags, audience)
ITEMS: list[tuple[str, str, str, str, list[str], str]] = [
    (
        "guide",
        "Facilitating your first meeting",
        "What to do before, during and after.",
        "## Before\n\nRead the agenda once and note the timings.\n\n## During\n\n"
        "Keep to the timeboxes, and let the silence after a question do its work.\n\n"
        "## After\n\nMake sure every commitment has an owner and a date.",
        ["facilitation", "first meeting"],
        "facilitators",
    ),
    (
        "guide",
        "Keeping time without rushing people",
        "A timer is a friend, not a judge.",
        "Say the time left at each step, not only at the end. A kitchen timer on the table "
        "(or the runner's countdown) takes the pressure off you.",
        ["facilitation", "time"],
        "facilitators",
    ),
    (
        "guide",
        "Open questions that help",
        "Questions that start with what and how.",
        "Open questions invite the case giver to think: *What did you notice?* *How would you "
        "know it worked?* Avoid questions that can be answered with yes or no.",
        ["questions", "facilitation"],
        "everyone",
    ),
    (
        "guide",
        "Spotting advice dressed up as a question",
        '"Have you tried…?" is advice.',
        "When a question carries its own answer (*Have you thought about talking to HR?*), "
        "gently ask the person to turn it into an open question: *What options do you see?*",
        ["questions", "advice"],
        "facilitators",
    ),
    (
        "guide",
        "Keeping confidentiality in practice",
        "What stays in the circle, and how.",
        "Nothing said in the circle is repeated outside, not even anonymised, unless the person "
        "who said it writes it up themselves. Notes stay in the circle's pages.",
        ["confidentiality", "trust"],
        "everyone",
    ),
    (
        "guide",
        "Closing with a commitment",
        "A concrete next step, an owner and a date.",
        "Ask the case giver: *What will you do, by when?* A good commitment is small enough to "
        "start this week.",
        ["commitments", "facilitation"],
        "facilitators",
    ),
    (
        "guide",
        "Running a circle across time zones",
        "Fair times, rotating inconvenience.",
        "If nobody's working hours overlap well, rotate the meeting time so the early start "
        "is not always the same person's.",
        ["remote", "time"],
        "leads",
    ),
    (
        "guide",
        "Welcoming a new member mid-cycle",
        "The charter first, then the first case.",
        "Walk the new member through the ground rules before anything personal is shared.",
        ["onboarding", "trust"],
        "facilitators",
    ),
    (
        "article",
        "Why peer coaching works",
        "Learning from colleagues' real situations.",
        "Peer coaching circles let people practise listening and asking, and take away one "
        "concrete step each time. The value grows with trust, so consistency matters more "
        "than brilliance.",
        ["coaching", "learning"],
        "everyone",
    ),
    (
        "article",
        "Psychological safety in small groups",
        "What makes people speak up.",
        "People speak up when they expect curiosity rather than judgement. Ground rules agreed "
        "together, and kept, build that expectation.",
        ["trust", "safety"],
        "everyone",
    ),
    (
        "article",
        "Feedback that lands",
        "Specific, observable, about impact.",
        "Feedback is useful when it names what was seen and heard, the impact it had, and "
        "leaves the choice with the other person.",
        ["feedback"],
        "everyone",
    ),
    (
        "article",
        "The first ninety days as a new manager",
        "From doing to enabling.",
        "New managers often keep doing the work they were good at. Circles help them notice "
        "and practise delegating.",
        ["new managers", "delegation"],
        "everyone",
    ),
    (
        "article",
        "Learning transfer: from insight to habit",
        "Why we ask again weeks later.",
        "A commitment kept once is an experiment; kept three times it becomes a habit. The "
        "learning-transfer check asks whether it stuck.",
        ["learning", "commitments"],
        "everyone",
    ),
    (
        "article",
        "Measuring a pilot without measuring people",
        "Aggregates only.",
        "Programme figures are shown only for groups large enough that no individual can be "
        "picked out, and never per person.",
        ["measurement", "confidentiality"],
        "leads",
    ),
    (
        "article",
        "Growing from a pilot to a network",
        "Topics that connect circles.",
        "Once circles run well, connect those that share a topic: new managers, engineering "
        "leadership, customer-facing leads.",
        ["network", "scaling"],
        "leads",
    ),
    (
        "article",
        "Delegation conversations",
        "Handing over the why, not just the what.",
        "Explain the purpose, agree what done looks like, and say how you will check in.",
        ["delegation", "new managers"],
        "everyone",
    ),
    (
        "link",
        "A guide to action learning sets",
        "An outside introduction to the method.",
        "A well-known introduction to working on real problems in small peer groups.",
        ["coaching", "learning"],
        "everyone",
    ),
    (
        "link",
        "The listening ladder",
        "Levels of listening, from waiting to talk to empathy.",
        "A short read on moving from listening to reply to listening to understand.",
        ["listening"],
        "everyone",
    ),
    (
        "link",
        "Building trust in remote teams",
        "Practical habits for distributed teams.",
        "Small rituals that make it easier to speak up on video calls.",
        ["remote", "trust"],
        "everyone",
    ),
    (
        "exercise",
        "Two-minute silence before questions",
        "Let everyone think first.",
        "After the case is shared, everyone writes questions silently for two minutes before "
        "anyone speaks.",
        ["questions", "listening"],
        "facilitators",
    ),
    (
        "exercise",
        "Turn advice into questions",
        "A practice round for the question storm.",
        "Each person writes one piece of advice for a made-up case, then rewrites it as an open "
        "question. Compare the two.",
        ["questions", "advice"],
        "everyone",
    ),
    (
        "exercise",
        "One word check-in",
        "A fast way to start.",
        "Everyone says one word for how they arrive. No discussion, just listening.",
        ["check-in"],
        "everyone",
    ),
    (
        "exercise",
        "Commitment pairs",
        "Say your step to a partner.",
        "Pairs tell each other their commitment and ask one question to make it more concrete.",
        ["commitments"],
        "everyone",
    ),
    (
        "exercise",
        "What did you notice?",
        "An observation round after a case.",
        "Each member says one thing they noticed, without interpretation or advice.",
        ["listening", "feedback"],
        "everyone",
    ),
    (
        "exercise",
        "Stakeholder map",
        "Who matters to the case, and how.",
        "Draw the case giver's stakeholders on a page: who is close, who is far, who decides.",
        ["conflict", "new managers"],
        "everyone",
    ),
    (
        "guide",
        "Choosing a programme's agenda",
        "Adapt a template, keep its rhythm.",
        "Start from a library template, copy it into your programme and adjust the timings to "
        "your meeting length.",
        ["agenda", "templates"],
        "leads",
    ),
    (
        "guide",
        "Forming diverse circles",
        "Mix departments, levels and sites.",
        "Mixing perspectives gives better questions; keep managers and their reports apart.",
        ["formation"],
        "leads",
    ),
    (
        "article",
        "Onboarding circles for new hires",
        "A host in every circle.",
        "New colleagues meet peers from other teams and one experienced host who knows how the "
        "organisation works.",
        ["onboarding"],
        "everyone",
    ),
]

# (title, body, named demo emails (local part), anonymised, state): state is one of
# "draft", "waiting", "published", "withdrawn".
STORIES: list[tuple[str, str, list[str], bool, str]] = [
    (
        "Asking instead of telling",
        "I used to fix my team's problems for them. After a question storm about delegation I "
        "tried asking *what would you do?* first. Within a month, two people brought me "
        "solutions instead of problems.",
        [],
        False,
        "published",
    ),
    (
        "A calmer budget conversation",
        "Chiara helped me rehearse the opening of a difficult budget talk. I started with the "
        "goal we shared, and the conversation went far better than the last one.",
        ["facilitator"],
        False,
        "published",
    ),
    (
        "Learning to pause",
        "In my first weeks as a lead I answered every message at once. I now batch them twice a "
        "day, and my team says I listen better.",
        [],
        True,
        "published",
    ),
    (
        "Handing over the weekly report",
        "Ben and I agreed I would hand the weekly report to a colleague. It took two tries, but "
        "it is theirs now.",
        ["lead"],
        False,
        "waiting",
    ),
    (
        "What the new hires taught me",
        "Hosting an onboarding circle reminded me how much we take for granted. Dmitri's "
        "questions changed how I explain our processes.",
        ["member"],
        False,
        "withdrawn",
    ),
    (
        "Still writing this one",
        "A first draft about trying the two-minute silence in my own team meetings.",
        [],
        False,
        "draft",
    ),
]

NETWORKS = [
    ("New managers", "People leading a team for the first time, across every programme."),
    ("Engineering leadership", "Leads in engineering and operations sharing what works."),
]

# People who started in the last weeks, for the onboarding programme.
NEW_HIRES = [
    ("Aiko", "Tanaka"),
    ("Bruno", "Costa"),
    ("Chloé", "Martin"),
    ("Dev", "Patel"),
    ("Elin", "Dahl"),
    ("Farid", "Nasser"),
    ("Greta", "Lindqvist"),
    ("Hugo", "Lefèvre"),
    ("Ines", "Ferreira"),
    ("Jun", "Watanabe"),
    ("Kavya", "Rao"),
    ("Liam", "O'Brien"),
]
