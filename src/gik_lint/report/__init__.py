"""Report stage: findings and recognised structure rendered for people and machines."""
