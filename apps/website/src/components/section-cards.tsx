import Link from '@docusaurus/Link';
import type { ReactNode } from 'react';
import { isStaticFolderLink, sectionLink, SITE_SECTIONS, type SiteSection } from '../site-sections';
import styles from './section-cards.module.css';

interface SectionCardsProps {
  /** Only the docs categories, or only the reference sections; all sections when left out. */
  kind?: SiteSection['kind'];
  /** The heading level of the card titles: h2 on a page of its own, h3 under a heading. */
  heading?: 'h2' | 'h3';
}

/** A card per section of the site (src/site-sections.ts): its label, what it holds, a link into it. */
export default function SectionCards({ kind, heading = 'h2' }: SectionCardsProps): ReactNode {
  const Heading = heading;
  const sections = SITE_SECTIONS.filter((section) => kind === undefined || section.kind === kind);
  return (
    <div className={styles['grid']}>
      {sections.map((section) => {
        const to = sectionLink(section);
        return (
          <Link
            key={to}
            className={styles['card']}
            to={to}
            {...(isStaticFolderLink(to) ? { target: '_self' } : {})}
          >
            <Heading>{section.label}</Heading>
            <p>{section.description}</p>
          </Link>
        );
      })}
    </div>
  );
}
