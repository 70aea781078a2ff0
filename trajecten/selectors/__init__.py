"""Read operations of trajecten that are more than a filter: voortgang and uitstroom."""
