"""Customer models fitted in Python: churn probability (scikit-learn) and CLV (pymc-marketing)."""
