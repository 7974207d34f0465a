/** Shapes of contact data the forms accept (mainland China); [0-9], not \d, because the OpenAPI schemas publish them (a Python \d takes other scripts' digits). */
export const MOBILE_OR_LANDLINE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
export const PHONE_FORMAT = 'a mainland mobile number (11 digits starting 13-19, e.g. 13800000000) or a landline with area code (e.g. 0595-22345678)';
export const REGION_CODE = /^[0-9]{6}$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Resident ID number: 17 digits and a digit or X. */
export const ID_NUMBER = /^[0-9]{17}[0-9X]$/;
