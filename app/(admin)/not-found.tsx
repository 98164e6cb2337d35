import { NotFoundContent } from "@/app/_components/not-found-content";

/**
 * An unknown record in this area (a customer or event ID that does not exist): the area's layout
 * already draws the header and the main landmark, so only the message goes here — the root
 * not-found page would draw a second frame inside the first.
 */
export default NotFoundContent;
