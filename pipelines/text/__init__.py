"""Text scoring for mentions, survey comments and interaction texts: language, sentiment, keywords, topic.

Pure logic, no Dagster: ``scoring.TextScorer`` scores a column of texts in batches; the Chinese sentiment
model is trained from labelled data that ships inside installed packages (``sentiment_zh``);
``store`` keeps the scores in the warehouse incrementally. Heavy imports stay in those modules.
"""
