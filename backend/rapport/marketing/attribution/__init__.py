"""Attribution: touches, conversions, the credit models and the marketing figures built on them."""
