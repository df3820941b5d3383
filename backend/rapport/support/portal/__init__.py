"""The customer portal: sign-ins for customers' contacts, who see only their own company's tickets."""
