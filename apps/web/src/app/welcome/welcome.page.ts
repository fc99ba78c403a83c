import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { BrandMark } from '../ui/brand-mark.component';

@Component({
  selector: 'app-welcome-page',
  imports: [RouterLink, BrandMark],
  templateUrl: './welcome.page.html',
  styleUrl: './welcome.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WelcomePage {}
