"""When a claim has left the briefing's subject: far from the story as a whole, with little of
its wording, even as word vectors."""

from __future__ import annotations

from ...evidence.lexical import analyse
from . import cues
from .context import ClaimContext
from .specifics import novel_names

# Cosine to the source centroid below which a claim has left the briefing's subject, when it
# also shares almost no content words with the source and brings names of its own. WordLlama
# cosines: seed bullets 0.3-0.6, the seed's Bitcoin sentence 0.00; short generic analysis
# sentences ("If he adapts quickly, the fee could look like good value") reach down to 0.05,
# so without new names only a near-zero cosine counts.
OFF_TOPIC_COSINE = 0.15
OFF_TOPIC_COSINE_NO_NAMES = 0.03
# ... and for an analysis sentence that neither speculates nor interprets (cues.interpretive):
# on-topic ones that flat sat at 0.13-0.25 in our briefing sets, off-topic ones at 0.04-0.06.
OFF_TOPIC_COSINE_FLAT = 0.10
OFF_TOPIC_MAX_OVERLAP = 0.34
# ... and whose words are far from the story's words even as word vectors (mean best cosine):
# off-topic sentences we wrote or were given score 0.14-0.29, while an on-topic analysis sentence
# at cosine 0.03 to the story ("Regulators may demand remedies such as slot divestments at
# shared airports", in an airline merger briefing) scores 0.36.
OFF_TOPIC_MAX_SOFT_COVERAGE = 0.33


def far_from_story(c: ClaimContext) -> bool:
    s, text = c.scored, c.text
    # New names make a distant claim likelier to be about something else; a name the story
    # also has ("Denmark's voice in European affairs") ties it back to the story.
    shares_name = any(n in c.index.tokens for n in analyse(text).names)
    far = OFF_TOPIC_COSINE if novel_names(s, text) and not shares_name else OFF_TOPIC_COSINE_NO_NAMES
    if c.claim.role == "analysis" and not cues.interpretive(text):
        far = max(far, OFF_TOPIC_COSINE_FLAT)
    # A claim that says itself it changes the subject ("On a different note, ..."): only its
    # words after the opener must still be far from the story's.
    rest = cues.topic_shift(text)
    far, near = (1.0, c.index.score(rest)) if rest else (far, s)
    return (s.topic_similarity < far and near.features.get("word_coverage", 0.0) < OFF_TOPIC_MAX_OVERLAP
            and near.features.get("soft_coverage", 0.0) < OFF_TOPIC_MAX_SOFT_COVERAGE)
