"""The draft under review, its comments and the union's opinion (models in `reviews.models.drafts`): access
(`permissions`), writes (`services`), reads (`selectors`), background splitting (`tasks`) and forms."""
