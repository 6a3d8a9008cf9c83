"""The partnership itself as data: its identity (name, local authorities, numbers, brand) and its
governance under Working Together 2023 (lead and delegated safeguarding partners, chair,
independent scrutineer, relevant agencies, partner decisions). Nothing names a partnership in
code: every page, e-mail and document reads `current_partnership()`."""
