"""The text columns that get scored and the warehouse tables their scores go to (schema ``text``)."""

from dataclasses import dataclass

SCHEMA = "text"


@dataclass(frozen=True)
class ScoredText:
    """A text column of a staging model and the table its scores go to."""

    table: str  # text.<table>
    staging_model: str  # staging.<staging_model>
    id_column: str
    text_column: str
    description: str


SCORED_TEXTS = (
    ScoredText("mention_scores", "stg_social__mentions", "mention_id", "mention_text",
               "Social media mentions: language, sentiment, keywords and topic per mention."),
    ScoredText("survey_comment_scores", "stg_surveys__responses", "response_id", "comment_text",
               "Survey comments: language, sentiment, keywords and topic per answered comment."),
    ScoredText("interaction_text_scores", "stg_interactions__interactions", "interaction_id", "interaction_text",
               "Service interaction texts: language, sentiment, keywords and topic per interaction."),
)
