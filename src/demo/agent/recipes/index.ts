import { dateErrors } from './date-errors.js';
import { formatCoverage } from './format-coverage.js';
import type { Recipe } from './recipe.js';
import { validateDuration } from './validate-duration.js';

/** Every goal the demo agent knows, in the order the demo files them. */
export const DEMO_RECIPES: readonly Recipe[] = [validateDuration, formatCoverage, dateErrors];

/** The recipe a goal asks for: its title decides; the body only when the title matches none. */
export function recipeFor(title: string, body = ''): Recipe | undefined {
  return DEMO_RECIPES.find((recipe) => recipe.matches(title)) ?? DEMO_RECIPES.find((recipe) => recipe.matches(body));
}
